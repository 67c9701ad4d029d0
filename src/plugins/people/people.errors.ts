// The people directory's own failures.
import { defineErrors } from '../../core/errors';

export const peopleErrors = defineErrors({
  LAST_ADMIN: {
    status: 409,
    en: '{name} is the only admin. Make someone else an admin first, so that somebody can still change roles and teams.',
    'zh-CN': '{name}是唯一的管理员。请先指定另一位管理员，以便仍有人可以修改角色和团队。',
  },
});
