import assert from 'node:assert/strict';
import { ProgressBar } from '../../cli/src/output/progress.ts';

describe('The import progress bar (a terminal only)', () => {
  it('redraws one line per phase in place and ends each phase with a newline', () => {
    let out = '';
    const bar = new ProgressBar((t) => {
      out += t;
    }, 10);
    bar.update('pacts', 0, 4);
    bar.update('pacts', 4, 4);
    bar.update('verifications', 1, 2);
    bar.end();
    assert.equal(
      out,
      '\rpacts          [..........] 0/4\rpacts          [##########] 4/4\n\rverifications  [#####.....] 1/2\n',
    );
  });
});
