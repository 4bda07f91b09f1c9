import { readFileSync, writeFileSync } from 'fs';
import { resolve as resolvePath } from 'path';
import { parseDocument } from 'yaml';
import { generatedComponentSchemas } from './generatedSchemas';

/*
 * openapi.yaml's event schemas are generated from the zod schemas in
 * deployments-common. This test fails when the file is behind them;
 * `yarn workspace @deploydash/plugin-deployments-backend generate` runs it
 * with UPDATE_OPENAPI=1, which rewrites them in place (the rest of the
 * document, comments included, is left as written).
 */
const SPEC_PATH = resolvePath(__dirname, 'openapi.yaml');

describe('openapi.yaml generated schemas', () => {
  it('match the zod schemas of deployments-common', () => {
    const document = parseDocument(readFileSync(SPEC_PATH, 'utf8'));
    const generated = generatedComponentSchemas();
    const stale = Object.keys(generated).filter(
      id =>
        JSON.stringify(document.getIn(['components', 'schemas', id]) ?? null) !==
        JSON.stringify(generated[id]),
    );
    if (stale.length && process.env.UPDATE_OPENAPI === '1') {
      for (const id of stale) document.setIn(['components', 'schemas', id], generated[id]);
      writeFileSync(SPEC_PATH, document.toString({ lineWidth: 0, flowCollectionPadding: false }));
      return;
    }
    expect({ stale, fix: stale.length ? 'run: yarn workspace @deploydash/plugin-deployments-backend generate' : undefined })
      .toEqual({ stale: [], fix: undefined });
  });
});
