import { solveChallenge, verifySolution } from 'altcha-lib';
import type { Pool } from 'pg';
import { describe, expect, it } from 'vitest';
import { CHALLENGE_MAX_NUMBER, createChallenges } from '../../../conversation/web-booking/challenge.ts';

// Creating a puzzle touches no database; spending one does (tests/api/web-booking covers that).
const noPool = {} as Pool;

describe('the booking page’s proof of work', () => {
  it('asks the page for up to a hundred thousand hashes unless told otherwise', async () => {
    const challenge = await createChallenges({ pool: noPool, key: 'k' }).create();
    expect(challenge.maxnumber).toBe(CHALLENGE_MAX_NUMBER);
    expect(CHALLENGE_MAX_NUMBER).toBe(100_000);
  });

  it('signs its puzzles: a solution verifies under the key that made it and under no other', async () => {
    const challenge = await createChallenges({ pool: noPool, key: 'station-key', maxNumber: 2_000 }).create();
    const solved = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
    const payload = { ...challenge, number: solved!.number };
    expect(await verifySolution(payload, 'station-key')).toBe(true);
    expect(await verifySolution(payload, 'another-key')).toBe(false);
    expect(await verifySolution({ ...payload, number: solved!.number + 1 }, 'station-key')).toBe(false);
  });
});
