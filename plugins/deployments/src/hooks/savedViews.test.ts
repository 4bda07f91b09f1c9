import {
  MAX_VIEWS,
  paramsWithView,
  parseSavedViews,
  putView,
  removeView,
  showsView,
  viewNameProblem,
  viewOfParams,
} from './savedViews';
import { savedView as view } from './__testUtils__/savedViewFixtures';

describe('saved views', () => {
  it('takes names of 1 to 60 characters', () => {
    expect(viewNameProblem('')).toBe('Give the view a name.');
    expect(viewNameProblem('   ')).toBe('Give the view a name.');
    expect(viewNameProblem('a')).toBeUndefined();
    expect(viewNameProblem('x'.repeat(60))).toBeUndefined();
    expect(viewNameProblem('x'.repeat(61))).toBe(
      'At most 60 characters (this has 61).',
    );
    // Characters, not UTF-16 units: 60 emoji are 120 units.
    expect(viewNameProblem('🚀'.repeat(60))).toBeUndefined();
  });

  it('reads what storage holds, leaving out malformed entries', () => {
    const stored = [
      {
        name: 'Prod first',
        columns: 'prod',
        q: 'pay',
        owner: '',
        failures: true,
      },
      { name: 'Minimal' },
      { name: '', columns: '' },
      { name: 'x'.repeat(61) },
      { name: 'Bad columns', columns: 3 },
      { name: 'Bad failures', failures: 'yes' },
      { columns: 'prod' },
      'a string',
      null,
      ['name'],
      { name: 'Prod first', columns: 'dev' },
    ];
    expect(parseSavedViews(stored)).toEqual([
      view('Prod first', { columns: 'prod', q: 'pay', failures: true }),
      view('Minimal'),
    ]);
    expect(parseSavedViews(undefined)).toEqual([]);
    expect(parseSavedViews({ name: 'not a list' })).toEqual([]);
    expect(parseSavedViews('[]')).toEqual([]);
  });

  it('reads at most 50 views', () => {
    const stored = Array.from({ length: 55 }, (_, i) => view(`v${i}`));
    const views = parseSavedViews(stored);
    expect(views).toHaveLength(MAX_VIEWS);
    expect(views[49].name).toBe('v49');
  });

  it('adds a view at the end, replaces one of the same name in place', () => {
    const views = [view('a'), view('b')];
    expect(putView(views, view('c'))?.map(v => v.name)).toEqual([
      'a',
      'b',
      'c',
    ]);
    const replaced = putView(views, view(' a ', { q: 'new' }));
    expect(replaced).toEqual([view('a', { q: 'new' }), view('b')]);
  });

  it('adds no 51st view, but still replaces one', () => {
    const views = Array.from({ length: 50 }, (_, i) => view(`v${i}`));
    expect(putView(views, view('one more'))).toBeUndefined();
    expect(putView(views, view('v7', { q: 'x' }))?.[7]).toEqual(
      view('v7', { q: 'x' }),
    );
  });

  it('removes a view by name', () => {
    expect(removeView([view('a'), view('b')], 'a')).toEqual([view('b')]);
  });

  it('takes the view from the URL and puts it back, keeping other params', () => {
    const params = new URLSearchParams(
      'columns=prod,-dev&q=pay&owner=group:default/team-a&failures=1&service=checkout&environment=prod',
    );
    const saved = viewOfParams(params, ' Mine ');
    expect(saved).toEqual(
      view('Mine', {
        columns: 'prod,-dev',
        q: 'pay',
        owner: 'group:default/team-a',
        failures: true,
      }),
    );
    expect(showsView(params, saved)).toBe(true);

    const other = paramsWithView(params, view('Other', { columns: '-prod' }));
    expect(other.toString()).toBe(
      'service=checkout&environment=prod&columns=-prod',
    );
    expect(showsView(other, saved)).toBe(false);
    expect(paramsWithView(params, undefined).toString()).toBe(
      'service=checkout&environment=prod',
    );
    const back = paramsWithView(other, saved);
    expect(showsView(back, saved)).toBe(true);
  });
});
