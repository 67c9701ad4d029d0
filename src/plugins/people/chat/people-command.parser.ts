// Reads the admin's chat lines about people: `role Ana manager` · `角色 Ana 经理`, `team East add Ana` · `团队 East 添加 Ana`.
import type { Role } from '../../../core/actor';

/** Role words, longest first within each role, so `sales manager` is read whole. */
const roleWords: Record<Role, string[]> = {
  rep: ['sales rep', 'sales representative', 'rep', 'reps', '销售代表', '代表'],
  manager: ['sales manager', 'manager', 'managers', '销售经理', '经理', '主管'],
  'service-agent': ['service agent', 'service-agent', 'agent', '客服人员', '客服', '坐席'],
  admin: ['administrator', 'admin', 'admins', '管理员'],
};
const byLength = Object.entries(roleWords)
  .flatMap(([role, words]) => words.map((word) => ({ role: role as Role, word })))
  .sort((a, b) => b.word.length - a.word.length);
/** Between roles and before the first: spaces, commas, `and`, `和`, `+`. */
const separators = /(?:[\s,，、+;；]|\band\b|和)+$/iu;
const cjk = /^[\u3400-\u9fff]/u;

export type RoleLine = { ok: true; name: string; roles: Role[] } | { ok: false };

/** `Ana Silva manager, admin` → the name and the roles written at its end; no roles means "show the roles". */
export function parseRoleLine(args: string): RoleLine {
  let rest = args.normalize('NFKC').trim();
  const found: Role[] = [];
  for (;;) {
    const folded = rest.toLowerCase();
    const hit = byLength.find(
      ({ word }) => folded.endsWith(word) && (cjk.test(word) || /(^|[\s,，、+;；:：])$/u.test(folded.slice(0, -word.length))),
    );
    if (!hit || rest.length === hit.word.length) break;
    found.unshift(hit.role);
    rest = rest.slice(0, -hit.word.length).replace(separators, '').trim();
  }
  const name = rest.replace(/[:：]$/u, '').trim();
  return name ? { ok: true, name, roles: [...new Set(found)] } : { ok: false };
}

export const teamVerbs = ['add', 'remove', 'manager', 'rename'] as const;
export type TeamVerb = (typeof teamVerbs)[number];

const verbWords: Record<TeamVerb, string[]> = {
  add: ['add', '添加', '加入'],
  remove: ['remove', '移除', '删除'],
  manager: ['manager', '经理'],
  rename: ['rename', '改名', '重命名'],
};

export type TeamLine =
  { kind: 'list' } | { kind: 'show'; team: string } | { kind: 'change'; team: string; verb: TeamVerb; target: string } | { kind: 'bad' };

/** `East add Ana` → the team, the verb and its target; an empty line lists the teams; a bare name shows that team. */
export function parseTeamLine(args: string): TeamLine {
  const text = args.normalize('NFKC').trim();
  if (!text) return { kind: 'list' };
  let best: { index: number; length: number; verb: TeamVerb } | undefined;
  for (const verb of teamVerbs) {
    for (const word of verbWords[verb]) {
      // English verbs stand between spaces; Chinese ones may touch the names around them.
      const pattern = cjk.test(word) ? new RegExp(word, 'u') : new RegExp(`\\s${word}(?=\\s)`, 'iu');
      const match = pattern.exec(text);
      if (match && match.index > 0 && (!best || match.index < best.index)) best = { index: match.index, length: match[0].length, verb };
    }
  }
  if (!best) return /\s(add|remove|manager|rename)$/iu.test(text) ? { kind: 'bad' } : { kind: 'show', team: text };
  const team = text.slice(0, best.index).trim();
  const target = text
    .slice(best.index + best.length)
    .replace(/^[\s:：]+/u, '')
    .trim();
  return team && target ? { kind: 'change', team, verb: best.verb, target } : { kind: 'bad' };
}
