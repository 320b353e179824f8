import { pk, type Migration } from './types.ts';

/** Pacticipant labels (the Pact Broker's `/pacticipants/{p}/labels/{l}`), which webhooks can filter on. */
const migration: Migration = {
  id: 6,
  name: 'labels',
  up: (d) => [
    `CREATE TABLE labels (id ${pk(d)}, pacticipant_id INTEGER NOT NULL REFERENCES pacticipants(id) ON DELETE CASCADE,
       name TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE (pacticipant_id, name))`,
    'CREATE INDEX labels_name ON labels (name)',
  ],
  down: () => ['DROP TABLE labels'],
};
export default migration;
