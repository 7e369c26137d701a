import { describe, expect, it } from 'vitest';
import { CollabCounters } from '@/server/collab/counters';
import { Metrics } from './index';

/** The samples of one metric in the exposition text, by their name and labels. */
function samples(text: string, name: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const at = line.lastIndexOf(' ');
    out[line.slice(0, at)] = Number(line.slice(at + 1));
  }
  return out;
}

describe('the collaboration histograms in /metrics', () => {
  it('exposes the commit times counted on the keystroke path as a Prometheus histogram', async () => {
    const counters = new CollabCounters();
    const metrics = new Metrics({ counters, connectionCount: 0, openDocumentCount: 0 });
    counters.commit(1, 0.0003);
    counters.commit(3, 0.0005); // on a bound: counted at that bound
    counters.commit(1, 0.004);
    counters.commit(2, 3); // above every bound: +Inf only
    const { body } = await metrics.expose();
    expect(body).toContain('# TYPE communique_collab_commit_duration_seconds histogram');
    const commit = samples(body, 'communique_collab_commit_duration_seconds');
    expect(commit['communique_collab_commit_duration_seconds_bucket{le="0.0005"}']).toBe(2);
    expect(commit['communique_collab_commit_duration_seconds_bucket{le="0.001"}']).toBe(2);
    expect(commit['communique_collab_commit_duration_seconds_bucket{le="0.005"}']).toBe(3);
    expect(commit['communique_collab_commit_duration_seconds_bucket{le="2.5"}']).toBe(3);
    expect(commit['communique_collab_commit_duration_seconds_bucket{le="+Inf"}']).toBe(4);
    expect(commit.communique_collab_commit_duration_seconds_count).toBe(4);
    expect(commit.communique_collab_commit_duration_seconds_sum).toBeCloseTo(3.0048, 10);
    expect(samples(body, 'communique_collab_updates_committed_total').communique_collab_updates_committed_total).toBe(7);

    counters.relayed(Date.now() + 60_000); // a clock ahead of ours counts as no lag
    const lag = samples((await metrics.expose()).body, 'communique_collab_relay_lag_seconds');
    expect(lag['communique_collab_relay_lag_seconds_bucket{le="0.001"}']).toBe(1);
    expect(lag.communique_collab_relay_lag_seconds_count).toBe(1);
  });
});
