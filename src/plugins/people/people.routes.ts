// REST under /api/v1/people: the caller's own entry for everyone; people, roles, teams and settings for admins (403 otherwise).
import { Router } from 'express';
import { z } from 'zod';
import { parseWith } from '../../core/validation';
import { actorOf } from '../../http/auth.middleware';
import { pageQuerySchema, parseBody, parseQuery } from '../../http/validate';
import { managerBodySchema, newTeamSchema, rolesBodySchema, settingsBodySchema, teamChangesSchema, userIdSchema } from './people.schema';
import type { PeopleService } from './people.service';

const teamIdSchema = z.uuid();
const peopleQuerySchema = pageQuerySchema.extend({ pageSize: z.coerce.number().int().min(1).max(1000).default(200) });

export function createPeopleRouter(people: PeopleService): Router {
  const router = Router();

  router.get('/me', async (req, res) => res.json(await people.me(actorOf(req))));

  router.get('/settings', async (req, res) => res.json(await people.settings(actorOf(req))));
  router.patch('/settings', async (req, res) => res.json(await people.updateSettings(actorOf(req), parseBody(settingsBodySchema, req))));

  router.get('/teams', async (req, res) => res.json({ items: await people.listTeams(actorOf(req)) }));
  router.post('/teams', async (req, res) => {
    const team = await people.createTeam(actorOf(req), parseBody(newTeamSchema, req));
    res.location(`${req.baseUrl}/teams/${team.id}`).status(201).json(team);
  });
  router.patch('/teams/:teamId', async (req, res) => {
    const { name } = parseBody(teamChangesSchema, req);
    res.json(await people.renameTeam(actorOf(req), parseWith(teamIdSchema, req.params.teamId), name));
  });
  router.put('/teams/:teamId/members/:userId', async (req, res) => {
    res.json(await people.addMember(actorOf(req), parseWith(teamIdSchema, req.params.teamId), parseWith(userIdSchema, req.params.userId)));
  });
  router.delete('/teams/:teamId/members/:userId', async (req, res) => {
    res.json(
      await people.removeMember(actorOf(req), parseWith(teamIdSchema, req.params.teamId), parseWith(userIdSchema, req.params.userId)),
    );
  });
  router.put('/teams/:teamId/manager', async (req, res) => {
    const { userId } = parseBody(managerBodySchema, req);
    res.json(await people.setManager(actorOf(req), parseWith(teamIdSchema, req.params.teamId), userId));
  });

  router.get('/', async (req, res) => {
    const { pageSize, continuationToken } = parseQuery(peopleQuerySchema, req);
    const page = await people.listPeople(actorOf(req), { pageSize, continuationToken });
    res.json({ items: page.items.map((item) => item.value), continuationToken: page.continuationToken });
  });
  router.put('/:userId/roles', async (req, res) => {
    const { roles } = parseBody(rolesBodySchema, req);
    res.json(await people.setRoles(actorOf(req), parseWith(userIdSchema, req.params.userId), roles));
  });

  return router;
}
