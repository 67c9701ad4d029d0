// Splits the deal commands' arguments: `move Contoso ERP to demo` / `推进 Contoso ERP 到 演示`, `lost Contoso ERP: price` / `丢单 Contoso ERP，价格`.

/** `<deal> to <stage>`; the last `to` / `到` / `至` / `→` splits, so a deal title may hold the word. */
export function parseMoveArgs(
  args: string,
): { ok: true; deal: string; stage: string } | { ok: false; reason: 'emptyArgs' | 'missingStage' | 'missingDeal' } {
  const text = args.trim();
  if (!text) return { ok: false, reason: 'emptyArgs' };
  const separators = [...text.matchAll(/(?:^|\s+)(?:to|into)\s+|\s*(?:->|→|=>)\s*|\s*(?:推进到|移到|到|至)\s*/giu)];
  const last = separators.at(-1);
  if (!last) return { ok: false, reason: 'missingStage' };
  const deal = text.slice(0, last.index).trim();
  const stage = text.slice(last.index + last[0].length).trim();
  if (!deal) return { ok: false, reason: 'missingDeal' };
  return stage ? { ok: true, deal, stage } : { ok: false, reason: 'missingStage' };
}

/** `Contoso ERP: price`, `Contoso ERP because price`, `Contoso ERP 原因 价格`: the deal and the reason, when a separator says where. */
export function splitReason(args: string): { deal: string; reason?: string } {
  const text = args.trim();
  const separator = /\s*[:：;；,，]\s*|\s+(?:because(?:\s+of)?|reason|due\s+to)\s+|\s*(?:原因|因为|理由)\s*[:：]?\s*/iu.exec(text);
  if (!separator || separator.index === 0) return { deal: text };
  const reason = text.slice(separator.index + separator[0].length).trim();
  return { deal: text.slice(0, separator.index).trim(), ...(reason && { reason }) };
}
