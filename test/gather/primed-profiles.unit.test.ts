// Primed profiles: a later warm load starts from a copy of the closed profile the first one primed.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PrimedProfiles, type Cookie } from '../../harness/gather/primed-profiles.ts';

test('keeps a closed profile and its cookies; copies it without the lock files of a running browser', () => {
  const store = new PrimedProfiles();
  const primed = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-primed-test-'));
  fs.mkdirSync(path.join(primed, 'Default', 'Cache'), { recursive: true });
  fs.writeFileSync(path.join(primed, 'Default', 'Cache', 'entry_0'), 'cached bytes');
  fs.writeFileSync(path.join(primed, 'Local State'), '{}');
  fs.symlinkSync('host-1234', path.join(primed, 'SingletonLock'));
  const cookies = [{ name: 'pb', value: '1', domain: '10.77.0.2', path: '/', expires: -1, httpOnly: false, secure: true, sameSite: 'Lax' }] as Cookie[];

  assert.equal(store.get('h2 /'), undefined, 'nothing primed yet');
  store.keep('h2 /', primed, cookies);
  fs.rmSync(primed, { recursive: true, force: true }); // the load that primed removes its own folder

  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-primed-target-'));
  fs.writeFileSync(path.join(target, 'prepared'), 'engine.prepareProfile wrote this'); // kept
  const got = store.get('h2 /')!.copyTo(target);
  assert.deepEqual(got, cookies);
  assert.equal(fs.readFileSync(path.join(target, 'Default', 'Cache', 'entry_0'), 'utf8'), 'cached bytes');
  assert.ok(fs.existsSync(path.join(target, 'prepared')));
  assert.ok(!fs.existsSync(path.join(target, 'SingletonLock')), 'a copy is never "in use"');
  assert.ok(!fs.readdirSync(target).some((f) => f.startsWith('pushbench-')), 'the cookies file stays with the store');
  assert.equal(store.get('h2-push /'), undefined, 'another arm primes its own');

  store.close();
  assert.equal(store.get('h2 /'), undefined);
  fs.rmSync(target, { recursive: true, force: true });
});

test('a store that kept nothing leaves nothing behind; a closed store keeps nothing more', () => {
  const primedDirs = () => fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('pushbench-primed-')).sort();
  const before = primedDirs();
  const store = new PrimedProfiles();
  assert.deepEqual(primedDirs(), before, 'no folder until something is kept');
  store.close();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-primed-late-'));
  store.keep('h2 /', profile, []);
  assert.equal(store.get('h2 /'), undefined, 'a load finishing after its session closed is not kept');
  assert.deepEqual(primedDirs(), before);
  fs.rmSync(profile, { recursive: true, force: true });
});
