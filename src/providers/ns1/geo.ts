/**
 * Geography as NS1 filter chains know it, for octoDNS geo codes. NS1 `georegion` meta has a few
 * regions; octoDNS maps three continents to them and writes the others as their countries
 * (octodns_ns1 `_CONTINENT_TO_REGIONS`, `_CONTINENT_TO_LIST_OF_COUNTRIES`, `_REGION_TO_CONTINENT`).
 */

/** The continents NS1 has a georegion for. */
export const CONTINENT_TO_REGION: Readonly<Record<string, string>> = { AF: 'AFRICA', EU: 'EUROPE', SA: 'SOUTH-AMERICA' };

/** NS1 georegions read back as continents (the US-* ones are what octoDNS wrote before v0.9.13). */
export const REGION_TO_CONTINENT: Readonly<Record<string, string>> = {
  AFRICA: 'AF', ASIAPAC: 'AS', EUROPE: 'EU', 'SOUTH-AMERICA': 'SA', 'US-CENTRAL': 'NA', 'US-EAST': 'NA', 'US-WEST': 'NA',
};

export { COUNTRIES_BY_CONTINENT, continentOf } from '../../core/dynamic/geo.js';
