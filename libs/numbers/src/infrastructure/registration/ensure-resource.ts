import type { StepResources } from '../../application/registration/registration-provider.port';

/**
 * The carrier resource recorded under `role`, created if there is none. Before creating, an
 * intent is recorded; when a run finds an intent but no id, an earlier run may have crashed
 * between creating and recording, so the resource is looked up (by its deterministic name)
 * before a new one is made. `alwaysLookUp` is for resources shared across submissions.
 */
export async function ensureResource(
  resources: StepResources,
  role: string,
  find: () => Promise<string | undefined>,
  create: () => Promise<string>,
  options: { alwaysLookUp?: boolean } = {},
): Promise<string> {
  const known = resources.get(role);
  if (known) return known;
  const intent = `${role}.creating`;
  if (options.alwaysLookUp || resources.get(intent)) {
    const found = await find();
    if (found) {
      await resources.remember(role, found);
      return found;
    }
  }
  if (!resources.get(intent)) await resources.remember(intent, 'true');
  const created = await create();
  await resources.remember(role, created);
  return created;
}
