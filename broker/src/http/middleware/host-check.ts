import { isIP } from 'node:net';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { BrokerConfig } from '../../config.ts';
import { MisdirectedRequestError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { resolutionOf } from '../routing/dispatch.ts';

/** The host name of a Host header value: without the port, brackets kept off IPv6 literals, lower case. */
export function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') < 0 ? undefined : h.indexOf(']'));
  const colon = h.lastIndexOf(':');
  return colon >= 0 && h.indexOf(':') === colon ? h.slice(0, colon) : h;
}

/** Whether the broker answers requests naming `host`: IP literals, loopback names, the base URL's host, the list. */
export function hostAllowed(host: string, allowed: readonly string[]): boolean {
  // An IP literal cannot be rebound: a browser sends it only to that address, so the page's origin is that address.
  if (isIP(host)) return true;
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return allowed.some((entry) => {
    const e = entry.trim().toLowerCase();
    if (e === '*') return true;
    if (e.startsWith('*.')) return host.endsWith(e.slice(1)) && host.length > e.length - 1;
    return hostName(e) === host;
  });
}

/**
 * The Host header check against DNS rebinding: a web page whose name the attacker points at 127.0.0.1 reaches a
 * loopback broker through the visitor's browser, with its own name in the Host header. On when the broker is open
 * (no credentials) or ROLLGATE_ALLOWED_HOSTS is set; the heartbeat answers every host (load balancer and
 * container probes name whatever they like). Anything else gets 421.
 */
export function checkHost(config: BrokerConfig, authEnabled: boolean): RequestHandler {
  const on = config.allowedHosts !== undefined || !authEnabled;
  const allowed = [...(config.allowedHosts ?? [])];
  if (config.baseUrl) {
    try {
      allowed.push(new URL(config.baseUrl).hostname.replace(/^\[|\]$/g, ''));
    } catch {
      // not a URL: links say so; nothing to allow
    }
  }
  return (req: Request, res: Response, next: NextFunction) => {
    if (!on) return next();
    const found = resolutionOf(res);
    if (found.kind === 'route' && found.route.scope === 'public') return next();
    const header = req.get('host');
    // HTTP/1.0 without a Host: no browser sends that, and node answers HTTP/1.1 without one with a 400 itself.
    if (header === undefined) return next();
    const host = hostName(header);
    if (hostAllowed(host, allowed)) return next();
    throw new MisdirectedRequestError(message('http.host-not-allowed', { host: header.slice(0, 200) }));
  };
}
