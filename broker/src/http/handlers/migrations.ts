/** The data migrations of a version (issue 21): record, list, read, delete. */
import type { Request, Response } from 'express';
import type { Deps } from '../../deps.ts';
import { deleteMigration, migrationOr404, migrationsOf, recordMigration } from '../../domain/versions/migrations.ts';
import { sendHal } from '../../links/hal.ts';
import { linker } from '../../links/linker.ts';
import { routes } from '../../links/paths.ts';
import { jsonBody } from '../json-body.ts';
import { presentMigration, presentMigrations } from '../presenters/migration.ts';
import { migrationSchema } from '../schemas/migration.ts';
import { validate } from '../schemas/validate.ts';

type P = Record<string, string>;

export const putMigration = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, version, migration } = req.params as P;
  const declared = validate(migrationSchema, await jsonBody(req));
  const { migration: m, created } = await deps.store.write(() =>
    recordMigration(deps.hooks, pacticipant, version, migration, declared),
  );
  const l = linker(req);
  if (created) res.location(l.url(routes.versionMigration(pacticipant, version, migration)));
  sendHal(res, created ? 201 : 200, presentMigration(l, pacticipant, version, m));
};

export const listMigrations = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, version } = req.params as P;
  const ms = await deps.store.read(() => migrationsOf(pacticipant, version));
  sendHal(res, 200, presentMigrations(linker(req), pacticipant, version, ms));
};

export const getMigration = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, version, migration } = req.params as P;
  const m = await deps.store.read(() => migrationOr404(pacticipant, version, migration));
  sendHal(res, 200, presentMigration(linker(req), pacticipant, version, m));
};

export const deleteMigrationHandler = (deps: Deps) => async (req: Request, res: Response) => {
  const { pacticipant, version, migration } = req.params as P;
  await deps.store.write(() => deleteMigration(deps.hooks, pacticipant, version, migration));
  res.status(204).end();
};
