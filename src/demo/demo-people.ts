// The demo's people directory: the dev user as admin and the East team's manager, the other reps in their teams.
import type { Actor } from '../core/actor';
import { AppError } from '../core/errors';
import type { PeopleService, Team } from '../plugins/people';
import type { DemoRep } from './demo-pipeline';

/** The North team's manager in the demo: one of its reps, so a manager who is not an admin can be tried out. */
export const demoNorthManager = 'demo-rep-zhang-wei';

async function teamNamed(people: PeopleService, admin: Actor, name: string): Promise<Team> {
  try {
    return await people.createTeam(admin, { name, kind: 'sales' });
  } catch (error) {
    const existing = error instanceof AppError && error.code === 'ALREADY_EXISTS' ? await people.findTeam(admin, name) : undefined;
    if (!existing) throw error;
    return existing;
  }
}

/**
 * Records the reps in the directory and puts them in their teams. The dev user (`admin`, the first rep) gets the
 * manager and admin roles and manages East; North is managed by one of its reps.
 */
export async function loadDemoPeople(people: PeopleService, admin: Actor, reps: readonly DemoRep[]): Promise<void> {
  for (const rep of reps) await people.personOf({ tenantId: admin.tenantId, userId: rep.userId, displayName: rep.name });
  await people.setRoles(admin, admin.userId, ['manager', 'admin']);
  const teamNames = [...new Set(reps.map((rep) => rep.team))];
  for (const name of teamNames) {
    const team = await teamNamed(people, admin, name);
    for (const rep of reps.filter((each) => each.team === name)) await people.addMember(admin, team.id, rep.userId);
    const manager =
      name === reps[0]?.team ? admin.userId : reps.find((rep) => rep.team === name && rep.userId === demoNorthManager)?.userId;
    if (manager) await people.setManager(admin, team.id, manager);
  }
}
