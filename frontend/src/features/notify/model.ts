import type { NotificationItem } from '../../shared/api/types';
import { localized } from '../../shared/lib/localized';

/**
 * notificationText is a bell line: the automation's own message in the UI language (it comes in
 * both languages), else the kind of event and the step it concerns.
 */
export function notificationText(n: NotificationItem, language: string, kindLabel: (kind: string) => string): string {
  return localized(n.text, language) || [kindLabel(n.kind), localized(n.nodeName, language)].filter(Boolean).join(' · ');
}

/** notificationRecord names a notification's record: its serial number and title, as far as the member may read them ("" when neither). */
export function notificationRecord(n: NotificationItem): string {
  return [n.serial, n.title].filter(Boolean).join(' ');
}

/** The kinds of events a member picks channels for, in the order the settings show them. */
export const EVENT_KINDS = ['task', 'returned', 'overdue', 'cc', 'mention', 'finished'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export type Pick = 'email' | 'robot';
export const PICKS: readonly Pick[] = ['email', 'robot'];

export interface Prefs {
  events: Partial<Record<EventKind, Pick[]>>;
  quietHours?: { from: string; to: string } | null;
  digest: boolean;
  lang: 'zh-CN' | 'en';
}

export interface SMTPSettings {
  host: string;
  port: number;
  security: 'starttls' | 'tls' | 'none';
  user?: string;
  password?: string;
  hasPassword?: boolean;
  from: string;
}

export interface RobotSettings {
  id?: string;
  name: string;
  vendor: 'dingtalk' | 'wecom' | 'feishu';
  url: string;
  secret?: string;
  hasSecret?: boolean;
  apps?: string[];
}

export interface ChannelSettings {
  smtp: SMTPSettings | null;
  robots: RobotSettings[];
}

export interface DeliveryInfo {
  id: string;
  channel: string;
  to?: string;
  title: string;
  status: 'sent' | 'retrying' | 'failed';
  attempts: number;
  error?: string;
  updated: string;
}

/** togglePick turns a channel on or off for one kind of event, leaving the others as they are. */
export function togglePick(p: Prefs, kind: EventKind, pick: Pick, on: boolean): Prefs {
  const cur = p.events[kind] ?? [];
  const next = on ? (cur.includes(pick) ? cur : [...cur, pick]) : cur.filter((c) => c !== pick);
  return { ...p, events: { ...p.events, [kind]: next } };
}

/** hasPick tells whether a channel is on for a kind of event. */
export function hasPick(p: Prefs, kind: EventKind, pick: Pick): boolean {
  return (p.events[kind] ?? []).includes(pick);
}

/**
 * settingsInput is what the channels form saves: SMTP left out when its host is empty
 * (mail switched off), secrets sent only when typed (empty keeps the stored ones), robots
 * without a name or URL dropped.
 */
export function settingsInput(v: ChannelSettings): ChannelSettings {
  const smtp = v.smtp && v.smtp.host?.trim() ? { ...v.smtp, port: Number(v.smtp.port), password: v.smtp.password || undefined, hasPassword: undefined } : null;
  const robots = v.robots
    .filter((r) => r.name?.trim() || r.url?.trim())
    .map((r) => ({ ...r, secret: r.secret || undefined, hasSecret: undefined }));
  return { smtp, robots };
}
