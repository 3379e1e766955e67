/** Each answer's wait for the client's thread, from the server's stamp on the shared monotonic clock. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as http from 'node:http';
import {
  type AnswerWait,
  type AnswerWaitsRun,
  SENT_AT_HEADER,
  answerWaits,
  firstRound,
  withLatencyServer,
} from '../lib';
import { rejects } from './helpers/assert';

test('every 200 answer carries when it was written, on the monotonic clock this process reads too', async () => {
  await withLatencyServer({ latencyMs: 30, bytes: 10 }, async (server) => {
    const asked = process.hrtime.bigint();
    const stamp = await new Promise<string>((resolve, reject) =>
      http
        .get(server.url, (response) => {
          response.resume();
          resolve(String(response.headers[SENT_AT_HEADER]));
        })
        .once('error', reject),
    );
    const handled = process.hrtime.bigint();
    const sent = BigInt(stamp);
    // Written once the latency had passed since the request left, and before it was handled here.
    assert.ok(sent - asked >= 30_000_000n, `written ${Number(sent - asked) / 1e6} ms after asking`);
    assert.ok(sent <= handled, 'written before it was handled');
  });
});

test('answerWaits: each answer asked, written after its latency, handled, then read to its end, in order', async () => {
  const run = await answerWaits({ pageCount: 30, concurrency: 10, latencyMs: 20, bytes: 1000 });
  assert.is(run.answers.length, 30);
  for (const answer of run.answers) {
    assert.ok(answer.sentMs - answer.askedMs >= 20, `written ${answer.sentMs - answer.askedMs} ms after asking`);
    assert.ok(answer.handledMs >= answer.sentMs && answer.endedMs >= answer.handledMs, JSON.stringify(answer));
  }
  assert.ok(run.wallMs >= run.heldIdealMs && run.heldIdealMs >= 60, `${run.wallMs} ms, ideal ${run.heldIdealMs}`);
  assert.ok(run.cpuMsPerAnswer > 0);
  for (const { startMs, durationMs } of run.collections)
    assert.ok(startMs >= 0 && startMs <= run.wallMs && durationMs >= 0, `${startMs} ${durationMs}`);
});

test('answerWaits: bad options are refused by name before a server starts', async () => {
  await rejects(answerWaits({ concurrency: 0 }), /concurrency.*0/);
  await rejects(answerWaits({ pageCount: 1.5 }), /pageCount/);
  await rejects(answerWaits({ latencyMs: -1 }), /latencyMs/);
});

/** A run whose first round of 4 answers were written together and waited 1, 2, 3, 4 ms in line. */
function lineRun(): AnswerWaitsRun {
  const answer = (sentMs: number, waitMs: number): AnswerWait => ({
    askedMs: sentMs - 10,
    sentMs,
    handledMs: sentMs + waitMs,
    endedMs: sentMs + waitMs + 0.1,
  });
  const firstRoundAnswers = [3, 1, 4, 2].map((wait) => answer(10 + wait / 100, wait));
  const later = Array.from({ length: 12 }, (_, i) => answer(30 + i, i < 8 ? 0.5 : 0.7));
  return {
    pageCount: 16,
    concurrency: 4,
    latencyMs: 10,
    wallMs: 60,
    heldIdealMs: 40,
    cpuMsPerAnswer: 1,
    answers: [...firstRoundAnswers, ...later],
    collections: [],
  };
}

test('firstRound: the line of answers written together, the wait per place, its correlation, later waits', () => {
  const round = firstRound(lineRun());
  const near = (actual: number, expected: number) =>
    assert.ok(Math.abs(actual - expected) < 1e-9, `${actual}, expected ${expected}`);
  assert.is(round.longestWaitMs, 4);
  near(round.medianWaitMs, 2.5); // waits 1, 2, 3, 4: the mean of the middle two
  near(round.waitAddedPerPlaceMs, 1);
  near(round.placeWaitCorrelation, 1);
  near(round.sentSpreadMs, 0.03);
  near(round.sentGapMs, 0.01);
  // Asked after the first three rounds' worth: the last 4 answers.
  near(round.laterMedianWaitMs, 0.7);
});

test('firstRound: waits in no order correlate with nothing, and a reversed line negatively', () => {
  const shuffled = lineRun();
  // Written in this order, waits 3, 1, 4, 2 → ranks 2, 0, 3, 1 against places 0..3: Σd² = 10, ρ = 0.
  shuffled.answers.slice(0, 4).forEach((answer, place) => {
    answer.sentMs = 10 + place / 100;
    answer.handledMs = answer.sentMs + [3, 1, 4, 2][place];
  });
  assert.ok(Math.abs(firstRound(shuffled).placeWaitCorrelation) < 1e-9);
  const reversed = lineRun();
  reversed.answers.slice(0, 4).forEach((answer, place) => {
    answer.sentMs = 10 + place / 100;
    answer.handledMs = answer.sentMs + 4 - place;
  });
  assert.ok(Math.abs(firstRound(reversed).placeWaitCorrelation + 1) < 1e-9);
});

test.run();
