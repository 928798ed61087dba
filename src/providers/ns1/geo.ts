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

/** Countries by continent, as octoDNS lists them (octodns/record/geo_data.py); NS1 `country` meta is the ISO code alone. */
export const COUNTRIES_BY_CONTINENT: Readonly<Record<string, readonly string[]>> = {
  AF: 'AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW KE KM LR LS LY MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG YT ZA ZM ZW'.split(' '),
  AN: 'AQ BV HM TF'.split(' '),
  AS: 'AE AF AM AZ BD BH BN BT CC CN CX CY GE HK ID IL IN IO IQ IR JO JP KG KH KP KR KW KZ LA LB LK MM MN MO MV MY NP OM PH PK PS QA SA SG SY TH TJ TL TM TR TW UZ VN YE'.split(' '),
  EU: 'AD AL AT AX BA BE BG BY CH CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA'.split(' '),
  NA: 'AG AI AW BB BL BM BQ BS BZ CA CR CU CW DM DO GD GL GP GT HN HT JM KN KY LC MF MQ MS MX NI PA PM PR SV SX TC TT US VC VG VI'.split(' '),
  OC: 'AS AU CK FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS'.split(' '),
  SA: 'AR BO BR CL CO EC FK GF GS GY PE PY SR UY VE'.split(' '),
};

const CONTINENT_OF = new Map<string, string>(Object.entries(COUNTRIES_BY_CONTINENT).flatMap(([continent, countries]) => countries.map((c) => [c, continent] as [string, string])));

/** The continent of an ISO country code, or undefined when octoDNS does not list it. */
export function continentOf(country: string): string | undefined {
  return CONTINENT_OF.get(country);
}
