import { StatsGroupBy } from '../../contract/admin.ts';
import { ItemCategory } from '../../contract/domain.ts';
import { EventType } from '../../contract/events.ts';

/*
 * The wire enumerations the console offers as choices, read from the contract's schemas (the console
 * parses its answers with them anyway), so a value the contract gains is offered at once.
 */
export const ITEM_CATEGORIES: ItemCategory[] = [...ItemCategory.options];

export const STATS_GROUPS: Exclude<StatsGroupBy, 'none'>[] = StatsGroupBy.options.filter((g): g is Exclude<StatsGroupBy, 'none'> => g !== 'none');

export const EVENT_TYPES: EventType[] = [...EventType.options];
