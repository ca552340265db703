/**
 * Village/township/county findings locate a group of households, not a row: the reporters name the group
 * ("村 田峰乡平南村") where they would name a row or a household.
 */
import type { ReportFinding } from '../findings/report.js';
import { message } from '../i18n/catalogue.js';
import type { Lang } from '../i18n/types.js';

const GROUP_SCOPES = new Set(['village', 'township', 'county']);

export function isGroupFinding(f: Pick<ReportFinding, 'scope'>): boolean {
  return GROUP_SCOPES.has(f.scope);
}

/** The group's name as the engine wrote it (data.group), or null for other findings. */
export function groupName(f: Pick<ReportFinding, 'scope' | 'data'>): string | null {
  if (!isGroupFinding(f)) return null;
  const name = f.data.group;
  return typeof name === 'string' ? name : '';
}

/** "村 田峰乡平南村" / "Village 田峰乡平南村"; null for findings that are not about a group. */
export function groupPlace(f: Pick<ReportFinding, 'scope' | 'data'>, lang: Lang): string | null {
  const name = groupName(f);
  return name === null ? null : message(`report.group.${f.scope}`, lang, { group: name });
}
