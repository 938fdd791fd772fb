import assert from 'node:assert/strict';
import type { ClusterMember } from '../member/cluster-member';
import type { MemberEvent } from '../member/member-events';
import { sleep } from './contract-helpers';

/** Records a member's events with the local time each arrived. */
export class MemberLog {
  readonly events: Array<{ readonly at: number; readonly event: MemberEvent }> = [];
  private readonly stop: () => void;

  constructor(member: ClusterMember) {
    this.stop = member.on((event) => this.events.push({ at: Date.now(), event }));
  }

  /** Waits until an event matches (default 3 s), else fails; returns it with its arrival time. */
  async waitFor(predicate: (event: MemberEvent) => boolean, what: string, timeoutMs = 3000): Promise<{ at: number; event: MemberEvent }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((e) => predicate(e.event));
      if (found !== undefined) return found;
      if (Date.now() > deadline) assert.fail(`no member event ${what} within ${timeoutMs} ms`);
      await sleep(5);
    }
  }

  count(predicate: (event: MemberEvent) => boolean): number {
    return this.events.filter((e) => predicate(e.event)).length;
  }

  close(): void {
    this.stop();
  }
}

/** Polls until `check` is true (default 3 s), else fails. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`not true within ${timeoutMs} ms: ${what}`);
    await sleep(10);
  }
}
