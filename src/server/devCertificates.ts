/**
 * HTTPS certificates for https://localhost:3000, where Office loads the add-in from.
 *
 * 1. office-addin-dev-certs `getHttpsServerOptions()`: generates a CA and a localhost certificate in
 *    ~/.office-addin-dev-certs and installs the CA in the system trust store (it runs `sudo`).
 * 2. If that fails (no sudo, e.g. root in a container; a refused password; an unsupported platform), fall back:
 *    reuse the certificates in ~/.office-addin-dev-certs if they are valid, or generate new ones WITHOUT installing
 *    anything, and print how to trust the CA by hand. The server still starts over HTTPS; until the CA is trusted,
 *    browsers and Office refuse the connection.
 *
 * Set LIQ_DEV_CERTS=fallback to skip step 1 (for instance when the CA has been trusted somewhere
 * office-addin-dev-certs does not look, such as only a browser's own store: step 1 would replace it).
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface HttpsCredentials {
  readonly key: Buffer;
  readonly cert: Buffer;
  readonly ca?: Buffer;
}

export type CertificateSource = 'office-addin-dev-certs' | 'fallback-reused' | 'fallback-generated';

export interface DevCertificates extends HttpsCredentials {
  readonly source: CertificateSource;
  /** True when office-addin-dev-certs confirmed the CA is in the trust store; false means: not known to be trusted. */
  readonly trusted: boolean;
  readonly caPath: string;
  readonly certPath: string;
  readonly keyPath: string;
  /** Why office-addin-dev-certs was not used (fallback only). */
  readonly officeError?: string;
}

export interface DevCertificateOptions {
  /** Where the files live; default ~/.office-addin-dev-certs (the directory office-addin-dev-certs uses). */
  readonly directory?: string;
  /** Skip office-addin-dev-certs and go straight to the fallback. Default: process.env.LIQ_DEV_CERTS === 'fallback'. */
  readonly skipOfficeInstall?: boolean;
  /** Days the generated certificates are valid (fallback). */
  readonly validityDays?: number;
  /** The origin the server will listen on (for the printed check command). */
  readonly origin?: string;
  readonly log?: (message: string) => void;
}

export const DEFAULT_CERTIFICATE_DIRECTORY = path.join(os.homedir(), '.office-addin-dev-certs');
const CA_FILE = 'ca.crt';
const CERT_FILE = 'localhost.crt';
const KEY_FILE = 'localhost.key';
const DOMAINS = ['127.0.0.1', 'localhost'];
const CA_NAME = 'Developer CA for Microsoft Office Add-ins';
const DAY_MS = 24 * 60 * 60 * 1000;

export async function getDevCertificates(options: DevCertificateOptions = {}): Promise<DevCertificates> {
  const log = options.log ?? ((message: string) => console.log(message));
  const directory = path.resolve(options.directory ?? DEFAULT_CERTIFICATE_DIRECTORY);
  const caPath = path.join(directory, CA_FILE);
  const certPath = path.join(directory, CERT_FILE);
  const keyPath = path.join(directory, KEY_FILE);
  const skipOffice = options.skipOfficeInstall ?? process.env.LIQ_DEV_CERTS === 'fallback';
  // office-addin-dev-certs only knows its own directory.
  const officeUsable = !skipOffice && directory === path.resolve(DEFAULT_CERTIFICATE_DIRECTORY);

  let officeError: string | undefined;
  if (officeUsable) {
    try {
      const devCerts = await import('office-addin-dev-certs');
      const https = await devCerts.getHttpsServerOptions(undefined, DOMAINS);
      return { key: https.key, cert: https.cert, ca: https.ca, source: 'office-addin-dev-certs', trusted: true, caPath, certPath, keyPath };
    } catch (error) {
      officeError = (error instanceof Error ? error.message : String(error)).trim();
      log(`office-addin-dev-certs could not set up a trusted certificate: ${officeError}`);
    }
  } else {
    officeError = skipOffice ? 'skipped (LIQ_DEV_CERTS=fallback)' : `skipped (certificate directory ${directory})`;
  }

  let source: CertificateSource = 'fallback-reused';
  let files = await readValidCertificates(caPath, certPath, keyPath);
  if (!files.ok) {
    log(`Generating a new development CA and localhost certificate (${files.reason}).`);
    await generateWithoutInstalling(directory, caPath, certPath, keyPath, options.validityDays ?? 30);
    files = await readValidCertificates(caPath, certPath, keyPath);
    if (!files.ok) throw new Error(`Generated certificates in ${directory} are not usable: ${files.reason}`);
    source = 'fallback-generated';
  }
  await fs.chmod(keyPath, 0o600).catch(() => undefined);
  log(trustInstructions(caPath, { expires: files.expires, origin: options.origin }));
  return { key: files.key, cert: files.cert, ca: files.ca, source, trusted: false, caPath, certPath, keyPath, officeError };
}

type ReadResult = { ok: true; key: Buffer; cert: Buffer; ca: Buffer; expires: Date } | { ok: false; reason: string };

/** Reads the three files and checks they belong together, cover localhost and stay valid for at least a day. */
export async function readValidCertificates(caPath: string, certPath: string, keyPath: string): Promise<ReadResult> {
  let ca: Buffer;
  let cert: Buffer;
  let key: Buffer;
  try {
    [ca, cert, key] = await Promise.all([fs.readFile(caPath), fs.readFile(certPath), fs.readFile(keyPath)]);
  } catch {
    return { ok: false, reason: 'no certificates yet' };
  }
  try {
    const caCert = new X509Certificate(ca);
    const leaf = new X509Certificate(cert);
    if (!caCert.ca) return { ok: false, reason: 'ca.crt is not a CA certificate' };
    if (!leaf.checkIssued(caCert) || !leaf.verify(caCert.publicKey)) return { ok: false, reason: 'certificate not signed by the CA' };
    if (!leaf.checkPrivateKey(createPrivateKey(key))) return { ok: false, reason: 'key does not match the certificate' };
    if (!leaf.checkHost('localhost')) return { ok: false, reason: 'certificate does not cover localhost' };
    const now = Date.now();
    const expires = new Date(Math.min(Date.parse(leaf.validTo), Date.parse(caCert.validTo)));
    if (Date.parse(leaf.validFrom) > now + 60_000) return { ok: false, reason: 'certificate not yet valid' };
    if (expires.getTime() - now < DAY_MS) return { ok: false, reason: 'certificates expire within a day' };
    return { ok: true, key, cert, ca, expires };
  } catch (error) {
    return { ok: false, reason: `unreadable certificates (${error instanceof Error ? error.message : String(error)})` };
  }
}

async function generateWithoutInstalling(directory: string, caPath: string, certPath: string, keyPath: string, days: number): Promise<void> {
  await fs.mkdir(directory, { recursive: true });
  // generateCertificates() writes nothing when ca.crt already exists, so clear out the old set first.
  await Promise.all([caPath, certPath, keyPath].map((file) => fs.rm(file, { force: true })));
  const devCerts = await import('office-addin-dev-certs');
  await devCerts.generateCertificates(caPath, certPath, keyPath, days, DOMAINS);
}

export interface TrustInstructionOptions {
  /** When the certificates stop being valid. */
  readonly expires?: Date;
  /** The origin the server will listen on, for the check command. */
  readonly origin?: string;
  readonly platform?: NodeJS.Platform;
}

/**
 * The exact commands to trust the CA by hand on Linux, macOS and Windows, the current platform first.
 * The current platform's commands name the real file; the others name where the same ca.crt would sit there.
 */
export function trustInstructions(caPath: string, options: TrustInstructionOptions = {}): string {
  const platform = options.platform ?? process.platform;
  const origin = options.origin ?? 'https://localhost:3000';
  const linuxCa = platform === 'linux' ? caPath : '~/.office-addin-dev-certs/ca.crt';
  const macCa = platform === 'darwin' ? caPath : '~/.office-addin-dev-certs/ca.crt';
  const windowsCa = platform === 'win32' ? caPath : '$env:USERPROFILE\\.office-addin-dev-certs\\ca.crt';
  const q = (file: string): string => (file.startsWith('~') ? file : `'${file}'`);
  const linux = [
    'Linux, Debian/Ubuntu (as root, leave out "sudo"):',
    '  sudo mkdir -p /usr/local/share/ca-certificates/office-addin-dev-certs',
    `  sudo cp ${q(linuxCa)} /usr/local/share/ca-certificates/office-addin-dev-certs/ca.crt`,
    '  sudo update-ca-certificates',
    'Linux, Fedora/RHEL:',
    `  sudo cp ${q(linuxCa)} /etc/pki/ca-trust/source/anchors/office-addin-dev-certs-ca.crt && sudo update-ca-trust`,
    'Linux, Arch:',
    `  sudo cp ${q(linuxCa)} /etc/ca-certificates/trust-source/anchors/office-addin-dev-certs-ca.crt && sudo update-ca-trust`,
    'Linux, Chrome/Chromium and Firefox profiles (NSS store; package libnss3-tools):',
    `  certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n "${CA_NAME}" -i ${q(linuxCa)}`,
  ];
  const mac = ['macOS (asks for your password):', `  security add-trusted-cert -d -r trustRoot -k ~/Library/Keychains/login.keychain-db ${q(macCa)}`];
  const windows = ['Windows, PowerShell (current user; confirm the dialog):', `  Import-Certificate -FilePath "${windowsCa}" -CertStoreLocation Cert:\\CurrentUser\\Root`];
  const ordered = platform === 'win32' ? [windows, mac, linux] : platform === 'darwin' ? [mac, windows, linux] : [linux, mac, windows];
  return [
    '',
    '*** The development CA is NOT trusted on this machine. ***',
    `HTTPS uses a certificate signed by the CA in ${caPath}` + (options.expires ? ` (valid until ${options.expires.toISOString()}).` : '.'),
    `Office and browsers refuse ${origin} until that CA is trusted. Trust it, then restart the server:`,
    ...ordered.flat(),
    `Node clients: NODE_EXTRA_CA_CERTS=${caPath}`,
    `Check: curl --cacert '${caPath}' ${origin}/manifest.xml`,
    'While the CA is untrusted, office-addin-dev-certs makes a new one at every start, so trust the one printed by the',
    'latest start. If you trust it somewhere office-addin-dev-certs does not check (a browser store, Fedora anchors),',
    'start with LIQ_DEV_CERTS=fallback so that the CA is kept instead of replaced.',
    '',
  ].join('\n');
}
