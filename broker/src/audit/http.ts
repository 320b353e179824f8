import type { NextFunction, Request, Response } from 'express';
import type { Deps } from '../deps.ts';
import { linker } from '../links/linker.ts';
import { sendHal } from '../links/hal.ts';
import { currentContext } from '../context/request-context.ts';
import { pageInfo, paging } from '../links/paging.ts';
import { insertAuditEntry, listAuditEntries, type AuditRow } from './repository.ts';

function present(row: AuditRow) {
  return {
    id: row.id,
    occurredAt: row.occurred_at,
    principal: row.principal,
    principalKind: row.principal_kind,
    action: row.action,
    subject: row.subject,
    ...(row.request_id ? { requestId: row.request_id } : {}),
    ...(row.detail ? { detail: JSON.parse(row.detail) as unknown } : {}),
  };
}

/** `GET /audit?pageNumber=&pageSize=&action=&principal=`: the audit log, newest first (admin scope, see http/routes.ts). */
export function listAudit(deps: Deps) {
  return async (req: Request, res: Response) => {
    const p = paging(req, 100);
    const q = req.query as Record<string, unknown>;
    const filter = {
      action: typeof q.action === 'string' ? q.action : undefined,
      principal: typeof q.principal === 'string' ? q.principal : undefined,
    };
    const { rows, total } = await deps.store.read(() => listAuditEntries(filter, p.limit, p.offset));
    const l = linker(req);
    const page = pageInfo(p, total);
    const at = (n: number) => {
      const s = new URLSearchParams({
        ...(filter.action ? { action: filter.action } : {}),
        ...(filter.principal ? { principal: filter.principal } : {}),
        pageNumber: String(n),
        pageSize: String(p.size),
      });
      return l.link(`/audit?${s}`);
    };
    sendHal(res, 200, {
      _embedded: { entries: rows.map(present) },
      page,
      _links: {
        self: at(p.page),
        ...(p.page < page.totalPages ? { next: at(p.page + 1) } : {}),
        ...(p.page > 1 ? { previous: at(p.page - 1) } : {}),
      },
    });
  };
}

const GATES = /^\/(matrix|can-i-deploy|can-i-rollback)(\/|$)/i;

/**
 * Records in the audit log that a gate was asked to ignore something (`ignore[][pacticipant]=...` on
 * /matrix, /can-i-deploy, /can-i-rollback), before the question is answered. A read otherwise, so this
 * is its own small write.
 */
export function auditOverrides(deps: Deps) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const m = GATES.exec(req.path);
    if (!m) return next();
    const q = req.originalUrl.indexOf('?');
    if (q < 0) return next();
    let params: URLSearchParams;
    try {
      params = new URLSearchParams(req.originalUrl.slice(q + 1));
    } catch {
      return next();
    }
    const ignored = [...params].filter(([k]) => /^ignore(\[|$)/i.test(k));
    if (!ignored.length) return next();
    const ctx = currentContext();
    try {
      await deps.store.write(() =>
        insertAuditEntry({
          principal: ctx?.principal?.name ?? 'anonymous',
          principalKind: ctx?.principal?.kind ?? 'open',
          requestId: ctx?.requestId,
          action: 'override.requested',
          subject: `${m[1].toLowerCase()} ignoring ${ignored
            .map(([, v]) => v)
            .join(', ')
            .slice(0, 500)}`,
          detail: {
            gate: m[1].toLowerCase(),
            path: req.path,
            ignore: ignored.slice(0, 100).map(([k, v]) => ({ [k]: v.slice(0, 500) })),
            query: req.originalUrl.slice(q + 1, q + 1 + 4000),
          },
        }),
      );
    } catch (e) {
      return next(e);
    }
    next();
  };
}
