// Tabs run inside Teams' iframe: allow Teams and Microsoft 365 hosts to frame them, and nobody else.
import type { RequestHandler } from 'express';

const teamsHosts = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://teams.cloud.microsoft',
  'https://*.cloud.microsoft',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://*.microsoft365.com',
];

export const tabSecurityHeaders: RequestHandler = (_req, res, next) => {
  res.set('Content-Security-Policy', `frame-ancestors ${teamsHosts.join(' ')}`);
  res.set('X-Content-Type-Options', 'nosniff');
  res.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  next();
};
