import { createHash, timingSafeEqual } from 'crypto';
import { Request } from 'express';
import { Config } from '@backstage/config';
import { AuthenticationError } from '@backstage/errors';
import { IngestSender, KeyScope } from '../core/senders';
import {
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';

interface ConfiguredKey {
  name: string;
  digest: Buffer;
  scope: KeyScope;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** `payments-*` → /^payments-.*$/; every other character is literal. */
function globToRegExp(glob: string): RegExp {
  const escaped = glob.split('*').map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

/** Reads `deployments.ingest.apiKeys`; entries without a key are skipped with a warning. */
export function readApiKeys(config: Config, logger: LoggerService): ConfiguredKey[] {
  const entries = config.getOptionalConfigArray('deployments.ingest.apiKeys') ?? [];
  const keys: ConfiguredKey[] = [];
  for (const entry of entries) {
    const name = entry.getString('name');
    const key = entry.getOptionalString('key');
    const digestHex = entry.getOptionalString('sha256');
    const scope: KeyScope = {
      services: entry.getOptionalStringArray('services')?.map(globToRegExp),
      environments: entry.getOptionalStringArray('environments'),
    };
    if (key) {
      keys.push({ name, digest: sha256(key), scope });
    } else if (digestHex && /^[0-9a-fA-F]{64}$/.test(digestHex)) {
      keys.push({ name, digest: Buffer.from(digestHex, 'hex'), scope });
    } else {
      logger.warn(`Ingest key '${name}' has no key or valid sha256; it is ignored`);
    }
  }
  return keys;
}

/**
 * Authenticates an ingest request. Keys are compared as SHA-256 digests with
 * `timingSafeEqual` against every configured key, so neither the key's length
 * nor which key matched shows in the timing.
 */
export function createIngestAuthenticator(options: {
  keys: ConfiguredKey[];
  httpAuth: HttpAuthService;
}) {
  const { keys, httpAuth } = options;
  const unauthorized = () =>
    new AuthenticationError('A valid X-Api-Key header or Backstage service token is required');

  return async function authenticate(req: Request): Promise<IngestSender> {
    const presented = req.header('x-api-key');
    if (presented !== undefined) {
      const digest = sha256(presented);
      let match: ConfiguredKey | undefined;
      for (const key of keys) {
        if (timingSafeEqual(digest, key.digest) && match === undefined) {
          match = key;
        }
      }
      if (match === undefined) throw unauthorized();
      return { kind: 'key', name: match.name, scope: match.scope };
    }
    if (req.header('authorization')) {
      try {
        const credentials = await httpAuth.credentials(req, { allow: ['service'] });
        return { kind: 'service', subject: credentials.principal.subject, credentials };
      } catch {
        throw unauthorized();
      }
    }
    throw unauthorized();
  };
}
