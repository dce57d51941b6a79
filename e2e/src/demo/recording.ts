// Read back what the sidecar recorded, the way `agentgate sessions` does (straight from the sink).
import { setTimeout as sleep } from 'node:timers/promises';
import { formatTimeline, loadManifests, openSink, sessionEvents, sessionsOf, type SessionInfo } from '@agentgate/sidecar/recorder/reading';

/** Sessions in the sink with at least one operation; polls up to `waitMs` for files still being built. */
export async function recordedSessions(sinkUrl: string, waitMs: number): Promise<SessionInfo[]> {
  const sink = openSink(sinkUrl);
  const deadline = Date.now() + waitMs;
  for (;;) {
    const sessions = sessionsOf(await loadManifests(sink, {})).filter((s) => s.events > 1);
    if (sessions.length > 0 || Date.now() >= deadline) return sessions;
    await sleep(250);
  }
}

export async function timeline(sessionId: string, sinkUrl: string): Promise<string> {
  const sink = openSink(sinkUrl);
  const s = sessionsOf(await loadManifests(sink, {})).find((x) => x.id === sessionId);
  if (!s) return `(session ${sessionId} not found)`;
  return formatTimeline(s, await sessionEvents(sink, s)).trimEnd();
}
