import {
  applyColumns,
  columnKeys,
  columnsParamOf,
  moveColumn,
  parseColumns,
  serializeColumns,
  setColumnHidden,
  visibleColumns,
} from './columnsParam';

const ENVS = ['dev', 'staging', 'prod'];
const shown = (key: string) => ({ key, hidden: false });
const hidden = (key: string) => ({ key, hidden: true });

describe('the columns param', () => {
  it('parses names in order, "-" hiding one, dropping blanks and repeats', () => {
    expect(parseColumns('prod, staging,-dev,,prod,-')).toEqual([
      shown('prod'),
      shown('staging'),
      hidden('dev'),
    ]);
    expect(parseColumns(null)).toEqual([]);
    expect(parseColumns('')).toEqual([]);
  });

  it('serializes entries back to the same text', () => {
    const text = 'prod,staging,-dev';
    expect(serializeColumns(parseColumns(text))).toBe(text);
    expect(serializeColumns([])).toBe('');
  });

  it('lists the named columns first, then the rest in matrix order', () => {
    expect(applyColumns(ENVS, parseColumns('prod'))).toEqual([
      shown('prod'),
      shown('dev'),
      shown('staging'),
    ]);
    expect(applyColumns(ENVS, parseColumns('-staging'))).toEqual([
      hidden('staging'),
      shown('dev'),
      shown('prod'),
    ]);
    expect(applyColumns(ENVS, [])).toEqual(ENVS.map(shown));
  });

  it('ignores names the matrix does not have', () => {
    expect(applyColumns(ENVS, parseColumns('qa,-perf,prod'))).toEqual([
      shown('prod'),
      shown('dev'),
      shown('staging'),
    ]);
  });

  it('writes the shortest param for a layout, none for the matrix order', () => {
    expect(
      columnsParamOf(ENVS, [shown('prod'), shown('staging'), hidden('dev')]),
    ).toBe('prod,staging,-dev');
    // prod first: the others follow in matrix order by themselves.
    expect(
      columnsParamOf(ENVS, [shown('prod'), shown('dev'), shown('staging')]),
    ).toBe('prod');
    expect(columnsParamOf(ENVS, ENVS.map(shown))).toBe('');
    // Only the last hidden: it must be named, and so must those before it.
    expect(
      columnsParamOf(ENVS, [shown('dev'), shown('staging'), hidden('prod')]),
    ).toBe('dev,staging,-prod');
  });

  it('moves a column up and down, not past either end', () => {
    const layout = ENVS.map(shown);
    expect(moveColumn(layout, 'prod', -1).map(e => e.key)).toEqual([
      'dev',
      'prod',
      'staging',
    ]);
    expect(moveColumn(layout, 'dev', 1).map(e => e.key)).toEqual([
      'staging',
      'dev',
      'prod',
    ]);
    expect(moveColumn(layout, 'dev', -1)).toEqual(layout);
    expect(moveColumn(layout, 'prod', 1)).toEqual(layout);
    expect(moveColumn(layout, 'qa', 1)).toEqual(layout);
  });

  it('hides and shows a column', () => {
    const layout = setColumnHidden(ENVS.map(shown), 'staging', true);
    expect(layout).toEqual([shown('dev'), hidden('staging'), shown('prod')]);
    expect(setColumnHidden(layout, 'staging', false)).toEqual(ENVS.map(shown));
  });

  it('gives the environments to show in the chosen order, without hidden ones', () => {
    const layout = applyColumns(ENVS, parseColumns('prod,staging,-dev'));
    expect(visibleColumns(ENVS, [], layout)).toEqual({
      environments: ['prod', 'staging'],
      groups: [],
    });
  });
});

describe('the columns param with environment groups', () => {
  // As the matrix answers: a group's members next to each other.
  const envs = ['dev', 'staging', 'prod-eu', 'prod-us', 'sandbox'];
  const prod = { name: 'prod', environments: ['prod-eu', 'prod-us'] };

  it('makes a group one column, where its first member is', () => {
    expect(columnKeys(envs, [prod])).toEqual([
      'dev',
      'staging',
      'prod',
      'sandbox',
    ]);
  });

  it('counts an environment named like its group as a member', () => {
    expect(columnKeys(['dev', 'prod', 'prod-eu'], [prod])).toEqual([
      'dev',
      'prod',
    ]);
  });

  it('drops a group without members in the matrix', () => {
    expect(columnKeys(['dev'], [prod])).toEqual(['dev']);
  });

  it('moves a group with all its members, by its name', () => {
    const keys = columnKeys(envs, [prod]);
    const layout = applyColumns(keys, parseColumns('prod,-staging'));
    expect(layout).toEqual([
      shown('prod'),
      hidden('staging'),
      shown('dev'),
      shown('sandbox'),
    ]);
    expect(visibleColumns(envs, [prod], layout)).toEqual({
      environments: ['prod-eu', 'prod-us', 'dev', 'sandbox'],
      groups: [prod],
    });
  });

  it('hides a group as one; its members named alone are unknown', () => {
    const keys = columnKeys(envs, [prod]);
    const layout = applyColumns(keys, parseColumns('-prod-eu,-prod'));
    expect(layout.map(e => e.key)).toEqual([
      'prod',
      'dev',
      'staging',
      'sandbox',
    ]);
    expect(visibleColumns(envs, [prod], layout)).toEqual({
      environments: ['dev', 'staging', 'sandbox'],
      groups: [],
    });
  });
});
