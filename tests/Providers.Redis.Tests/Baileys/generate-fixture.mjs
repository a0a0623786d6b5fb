// Regenerates the Baileys interop fixture: a folder written by Baileys' own useMultiFileAuthState, plus a manifest of
// what Baileys put in it, computed in Node from the values themselves (hex, not the files' base64), so the .NET tests
// check our decoding against Baileys rather than against our own reading of the files.
//
// Usage (Node 20+, network access to the npm registry; nothing of this is needed to run the tests):
//   mkdir -p /tmp/baileys-fixture && cd /tmp/baileys-fixture && npm init -y && npm install baileys@7.0.0-rc14
//   node /path/to/tests/Providers.Redis.Tests/Baileys/generate-fixture.mjs /path/to/tests/Providers.Redis.Tests/Baileys/Fixtures
//
// The script resolves `baileys` from the current directory, so run it where the package is installed.

import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const outputDir = resolve(process.argv[2] ?? 'Fixtures');
const folder = join(outputDir, 'baileys_auth_info');

const requireFromCwd = createRequire(join(process.cwd(), 'noop.js'));
const baileysMain = requireFromCwd.resolve('baileys');
const baileysLib = dirname(baileysMain);
const load = relative => import(pathToFileURL(join(baileysLib, relative)).href);

const baileys = await load('index.js');
const { useMultiFileAuthState, Curve, signedKeyPair, proto, BufferJSON } = baileys;
const { addTransactionCapability } = await load('Utils/auth-utils.js');
const { generateSignalPubKey } = await load('Utils/crypto.js');
const { makeLibSignalRepository } = await load('Signal/libsignal.js');
const { buildMergedTcTokenIndexWrite } = await load('Utils/tc-token-utils.js');
const baileysVersion = JSON.parse(await readFile(join(baileysLib, '..', 'package.json'), 'utf-8')).version;

const silent = { level: 'silent', trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {} };
silent.child = () => silent;

await rm(folder, { recursive: true, force: true });
await mkdir(outputDir, { recursive: true });

const { state, saveCreds } = await useMultiFileAuthState(folder);
const me = { id: '5511999990000:7@s.whatsapp.net', lid: '123456789012345:7@lid', name: 'Zoë 🚀 "QA"' };
state.creds.me = me;
state.creds.registered = true;
state.creds.platform = 'android';
await saveCreds();

// Record the last value written per (type, id), as Baileys hands it to the store (null deletes).
const written = new Map();
const recordingKeys = {
    get: (type, ids) => state.keys.get(type, ids),
    set: async data => {
        for (const type in data) {
            for (const id in data[type]) {
                written.set(`${type}\u0000${id}`, { type, id, value: data[type][id] });
            }
        }
        await state.keys.set(data);
    },
};
const keys = addTransactionCapability(recordingKeys, silent, { maxCommitRetries: 1, delayBetweenTriesMs: 1 });

// Pre-keys, as Baileys uploads them (a batch), then one consumed by a peer (deleted).
const preKeys = {};
for (let id = 1; id <= 30; id++) {
    preKeys[id] = Curve.generateKeyPair();
}
await keys.set({ 'pre-key': preKeys });
await keys.set({ 'pre-key': { 3: null } });

// A real Signal session and real sender keys, produced by Baileys' own libsignal repository.
const repository = makeLibSignalRepository({ creds: state.creds, keys }, silent);
const bobIdentity = Curve.generateKeyPair();
const bobSignedPreKey = signedKeyPair(bobIdentity, 1);
const bobPreKey = Curve.generateKeyPair();
const bobJid = '987654321098765:2@lid';
await repository.injectE2ESession({
    jid: bobJid,
    session: {
        registrationId: 4242,
        identityKey: generateSignalPubKey(bobIdentity.public),
        signedPreKey: { keyId: 1, publicKey: generateSignalPubKey(bobSignedPreKey.keyPair.public), signature: bobSignedPreKey.signature },
        preKey: { keyId: 31, publicKey: generateSignalPubKey(bobPreKey.public) },
    },
});
await repository.encryptMessage({ jid: bobJid, data: Buffer.from('hello') });
await repository.encryptGroupMessage({ group: '120363025246125888@g.us', meId: me.id, data: Buffer.from('hi group') });
await repository.encryptGroupMessage({ group: '5511999990000-1500000000@g.us', meId: me.lid, data: Buffer.from('hi old group') });
await repository.lidMapping.storeLIDPNMappings([{ lid: '987654321098765@lid', pn: '5511988887777@s.whatsapp.net' }]);

await keys.set({
    // Sessions as the SignalDataTypeMap types them (Uint8Array): binary data at the top level.
    session: { '5511977776666.0': randomBytes(96), '5511977776666.3': new Uint8Array(randomBytes(48)) },
    'identity-key': { '987654321098765_1.2': generateSignalPubKey(bobIdentity.public) },
    'sender-key-memory': {
        '120363025246125888@g.us': { '5511988887777:2@s.whatsapp.net': true, '987654321098765:2@lid': true },
    },
    'app-state-sync-key': appStateSyncKeys(),
    'app-state-sync-version': {
        critical_block: ltHashState(7, 3),
        regular_high: ltHashState(42, 5),
    },
    'device-list': { 5511988887777: ['0', '2'], 987654321098765: ['0', '2'] },
    tctoken: { '987654321098765@lid': { token: randomBytes(24), timestamp: '1700000000', senderTimestamp: 1700000100 } },
});
await keys.set({ tctoken: await buildMergedTcTokenIndexWrite(keys, ['987654321098765@lid']) });

// Read everything back through a fresh useMultiFileAuthState: ids with ':' and '/' must be found under Baileys' escaping.
const reread = await useMultiFileAuthState(folder);
const live = [...written.values()].filter(entry => entry.value);
for (const { type, id, value } of live) {
    const { [id]: found } = await reread.state.keys.get(type, [id]);
    const expected = JSON.stringify(value, BufferJSON.replacer);
    const actual = JSON.stringify(found, BufferJSON.replacer);
    if (!found || (type !== 'app-state-sync-key' && expected !== actual)) {
        throw new Error(`Baileys did not read back ${type} ${id}`);
    }
}
for (const { type, id, value } of written.values()) {
    if (!value) {
        const { [id]: found } = await reread.state.keys.get(type, [id]);
        if (found) {
            throw new Error(`Baileys still has deleted ${type} ${id}`);
        }
    }
}

const fixFileName = file => file.replace(/\//g, '__').replace(/:/g, '-');
const hex = bytes => Buffer.from(bytes).toString('hex');
const manifest = {
    baileysVersion,
    creds: {
        noiseKeyPrivateHex: hex(state.creds.noiseKey.private),
        noiseKeyPublicHex: hex(state.creds.noiseKey.public),
        signedIdentityKeyPublicHex: hex(state.creds.signedIdentityKey.public),
        signedPreKeySignatureHex: hex(state.creds.signedPreKey.signature),
        registrationId: state.creds.registrationId,
        meName: me.name,
    },
    keys: live
        .map(({ type, id, value }) => ({
            type,
            id,
            file: fixFileName(`${type}-${id}.json`),
            ...(value instanceof Uint8Array ? { bufferHex: hex(value) } : {}),
            ...(type === 'pre-key' ? { privateHex: hex(value.private), publicHex: hex(value.public) } : {}),
        }))
        .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    deleted: [...written.values()]
        .filter(entry => !entry.value)
        .map(({ type, id }) => ({ type, id })),
};
await writeFile(join(outputDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
console.log(`baileys ${baileysVersion}: wrote ${live.length} keys and creds.json to ${folder}`);

function appStateSyncKeys() {
    // Key ids are base64 of the key id bytes; these two contain '/' and '+' (Baileys escapes '/' as '__').
    const result = {};
    for (const keyId of [Buffer.from([0, 0, 0, 0, 0xff, 0xf0]), Buffer.from([0, 0, 0, 0, 0x68, 0x7e])]) {
        const encoded = proto.Message.AppStateSyncKeyData.encode({
            keyData: randomBytes(32),
            fingerprint: { rawId: 123456, currentIndex: 2, deviceIndexes: [0, 7] },
            timestamp: 1700000000000,
        }).finish();
        result[keyId.toString('base64')] = proto.Message.AppStateSyncKeyData.decode(encoded);
    }

    return result;
}

function ltHashState(version, entries) {
    const indexValueMap = {};
    for (let i = 0; i < entries; i++) {
        indexValueMap[randomBytes(32).toString('base64')] = { valueMac: randomBytes(32) };
    }

    return { version, hash: randomBytes(128), indexValueMap };
}
