/**
 * Run by pool.test.ts under plain `tsx` (not mocha): the pool's workers must start however the
 * parent process was started. Prints the verdict as JSON.
 */
import { ComparatorPool } from '../../../contracts/src/openapi/comparator/pool.ts';
import { getInteraction, itemDocument, pactFor } from './documents.ts';

const pool = new ComparatorPool({ size: 1 });
try {
  const verdict = await pool.compare(pactFor([getInteraction('/items/1', 200, { id: 'x' })]), itemDocument(), {
    timeoutMs: 20_000,
  });
  console.log(JSON.stringify(verdict));
} finally {
  await pool.close();
}
