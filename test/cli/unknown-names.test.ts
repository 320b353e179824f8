import assert from 'node:assert/strict';
import { unknownPacticipant } from '../../cli/src/lookups.ts';

describe('an unknown pacticipant, said as an unknown environment is', () => {
  it('lists the ones that exist, or the closest three of many, or says there are none yet', () => {
    assert.equal(
      unknownPacticipant('wbe', ['web', 'orders']).message,
      'rollgate: pacticipant wbe does not exist in the broker (known: orders, web)',
    );
    const many = Array.from({ length: 300 }, (_, i) => `service-${String(i).padStart(3, '0')}`).concat([
      'checkout',
      'checkouts',
      'payments',
    ]);
    assert.equal(
      unknownPacticipant('chekout', many).message,
      'rollgate: pacticipant chekout does not exist in the broker (the closest of the 303 known: checkout, checkouts, payments)',
    );
    assert.match(unknownPacticipant('web', []).message, /no pacticipants yet/);
  });
});
