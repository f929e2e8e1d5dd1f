/** Time behind an interface so deadlines, reminders and audit stamps can be tested. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that reads `start` when it is made and runs on from there at the real clock's pace, so
 * timers, leases and retries behave as they do on the system clock. Only for tests of the whole
 * bot (the TEST_ONLY_CLOCK_START setting), which must read the same dates on any day they run.
 */
export function clockStartingAt(start: Date | string): Clock {
  const offset = new Date(start).getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

/** A clock tests move by hand. */
export function fixedClock(start: Date | string): Clock & { set(d: Date | string): void; advance(ms: number): void } {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (d) => {
      t = new Date(d).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}
