import { EtagConflictError, type Store } from '../store/store.js';

/** Teams user ids seen acting for a team (linking its channel, acting on its cases). */
export interface TeamMembers {
  add(team: string, userId: string): Promise<void>;
  list(team: string): Promise<string[]>;
}

/**
 * Remembers who acts for each team, so case cards can refresh for them (Teams refreshes a card
 * for at most 60 listed users): they then see the actions they may take, and others a read-only
 * card. Kept in the shared state store with eTags, so instances never drop each other's entries.
 */
export function teamMembers(store: Store): TeamMembers {
  const key = (team: string) => `team-members/${team}`;
  return {
    async add(team, userId) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const item = (await store.state.read([key(team)])).get(key(team));
        const ids = (item?.data.ids as string[] | undefined) ?? [];
        if (ids.includes(userId)) return;
        try {
          await store.state.write(key(team), { ids: [userId, ...ids].slice(0, 60) }, item?.etag ?? 'new');
          return;
        } catch (e) {
          if (!(e instanceof EtagConflictError)) throw e;
        }
      }
    },
    async list(team) {
      return ((await store.state.read([key(team)])).get(key(team))?.data.ids as string[] | undefined) ?? [];
    },
  };
}
