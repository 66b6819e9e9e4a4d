import { describe, expect, it } from 'vitest';
import { createPasswords, PRODUCTION_PASSWORD_COST } from '../../../core/staff/passwords.ts';

const cheap = createPasswords({ ln: 10, r: 8, p: 1 });
const middling = createPasswords({ ln: 12, r: 8, p: 1 });

describe('Password hashing', () => {
  describe('when built without a cost, as production builds it', () => {
    it('hashes with scrypt at N=2^17, r=8, p=1 and verifies what it hashed', async () => {
      expect(PRODUCTION_PASSWORD_COST).toEqual({ ln: 17, r: 8, p: 1 });
      const production = createPasswords();
      expect(production.cost).toEqual({ ln: 17, r: 8, p: 1 });
      const hash = await production.hash('тормозные колодки 7');
      expect(hash).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
      expect(await production.verify('тормозные колодки 7', hash)).toBe(true);
      expect(production.dummyHash).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$/);
      // 128 MiB and about a second per hash on a quiet machine; a shared one may take several.
    }, 60_000);
  });

  describe('when a hash is checked', () => {
    it('reads the cost from the hash, so a server of any cost verifies it', async () => {
      const hash = await cheap.hash('correct horse battery');
      expect(await middling.verify('correct horse battery', hash)).toBe(true);
      expect(await middling.verify('correct horse battery!', hash)).toBe(false);
    });

    it('refuses a hash that asks for more than production’s cost, as a tampered row might', async () => {
      const hash = await cheap.hash('correct horse battery');
      expect(await cheap.verify('correct horse battery', hash.replace('ln=10', 'ln=30'))).toBe(false);
      expect(await cheap.verify('correct horse battery', hash.replace('ln=10', 'ln=9'))).toBe(false);
      expect(cheap.needsRehash(hash.replace('ln=10', 'ln=30'))).toBe(false);
    });

    it('gives the dummy hash of unknown e-mails at the configured cost, matching no password', async () => {
      expect(middling.dummyHash).toMatch(/^\$scrypt\$ln=12,r=8,p=1\$/);
      expect(await middling.verify('', middling.dummyHash)).toBe(false);
    });
  });

  describe('when deciding whether to rehash at sign-in', () => {
    it('rehashes what is cheaper than the configured cost, in N, r or p', async () => {
      expect(middling.needsRehash(await cheap.hash('correct horse battery'))).toBe(true);
      expect(middling.needsRehash(createPasswords({ ln: 12, r: 4, p: 1 }).dummyHash)).toBe(true);
      expect(middling.needsRehash('scrypt$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')).toBe(false);
      expect(createPasswords().needsRehash('scrypt$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')).toBe(
        true,
      );
    });

    it('keeps a hash at or above the configured cost: a cheaper server never lowers it', async () => {
      expect(middling.needsRehash(await middling.hash('correct horse battery'))).toBe(false);
      expect(cheap.needsRehash(middling.dummyHash)).toBe(false);
      expect(cheap.needsRehash(createPasswords().dummyHash)).toBe(false);
    });
  });
});
