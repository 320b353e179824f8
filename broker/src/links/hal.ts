import type { Response } from 'express';

export const HAL_JSON = 'application/hal+json;charset=utf-8';

export function sendHal(res: Response, status: number, body: unknown): void {
  res.status(status).type(HAL_JSON).send(JSON.stringify(body));
}
