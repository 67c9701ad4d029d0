// The people plugin 人员: each tenant's people and their roles, its sales and service teams, and who may see whose records.
import { definePlugin } from '../../core/plugin';
import { peopleCommands } from './chat/people.commands';
import { peopleMessages } from './people.messages';
import { peopleErrors } from './people.errors';
import { createPeopleRouter } from './people.routes';
import { createPeopleService } from './people.service.impl';
import type { PeopleService } from './people.service';
import { createPersonStore } from './person.store';
import { createTeamStore } from './team.store';

export type { Me, Named, PeopleService } from './people.service';
export type { NewTeam, Person, Team } from './people.schema';
export { directoryCacheMs } from './people.schema';

/**
 * One table, `People` (every PartitionKey starts with the tenant id):
 * - PK [tenant, 'people']: RK ['person', userId] each person with their roles; RK ['name', normalised name, userId] the
 *   name index chat uses; RK ['roster', 'admins'] the admins, created by the tenant's first person (its first admin).
 * - PK [tenant, 'teams']: RK ['team', id] each team with its manager and members; RK ['name', normalised name] its name.
 * - PK [tenant, 'settings'], RK ['access']: the tenant's access settings (`repsSeeTeam`).
 */
export const peopleTable = 'People';

export const peoplePlugin = definePlugin({
  id: 'people',
  tables: [peopleTable],
  messages: peopleMessages,
  errors: peopleErrors,
  setup({ table, clock }) {
    const service: PeopleService = createPeopleService({
      persons: createPersonStore(table(peopleTable)),
      teams: createTeamStore(table(peopleTable)),
      clock,
    });
    return { service, router: createPeopleRouter(service), commands: peopleCommands(service) };
  },
});
