/** octoDNS geo codes (octodns/record/geo_data.py, octoDNS 1.22): continent → its countries; provinces of NA-US and NA-CA. */
const COUNTRIES: Readonly<Record<string, string>> = {
  AF: 'AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW KE KM LR LS LY MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG YT ZA ZM ZW',
  AN: 'AQ BV HM TF',
  AS: 'AE AF AM AZ BD BH BN BT CC CN CX CY GE HK ID IL IN IO IQ IR JO JP KG KH KP KR KW KZ LA LB LK MM MN MO MV MY NP OM PH PK PS QA SA SG SY TH TJ TL TM TR TW UZ VN YE',
  EU: 'AD AL AT AX BA BE BG BY CH CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA',
  NA: 'AG AI AW BB BL BM BQ BS BZ CA CR CU CW DM DO GD GL GP GT HN HT JM KN KY LC MF MQ MS MX NI PA PM PR SV SX TC TT US VC VG VI',
  OC: 'AS AU CK FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS',
  SA: 'AR BO BR CL CO EC FK GF GS GY PE PY SR UY VE',
};
const PROVINCES: Readonly<Record<string, string>> = {
  'NA-CA': 'AB BC MB NB NL NS NT NU ON PE QC SK YT',
  'NA-US': 'AK AL AR AS AZ CA CO CT DC DE FL GA GU HI IA ID IL IN KS KY LA MA MD ME MI MN MO MP MS MT NC ND NE NH NJ NM NV NY OH OK OR PA PR RI SC SD TN TX UM UT VA VI VT WA WI WV WY',
};

const sets = (table: Readonly<Record<string, string>>): ReadonlyMap<string, ReadonlySet<string>> => new Map(Object.entries(table).map(([k, v]) => [k, new Set(v.split(' '))]));
const COUNTRY_SETS = sets(COUNTRIES);
const PROVINCE_SETS = sets(PROVINCES);

/** Countries by continent, as octoDNS lists them (ISO codes alone). */
export const COUNTRIES_BY_CONTINENT: Readonly<Record<string, readonly string[]>> = Object.fromEntries(Object.entries(COUNTRIES).map(([k, v]) => [k, v.split(' ')]));

/** The continent codes octoDNS knows: AF, AN, AS, EU, NA, OC, SA. */
export const GEO_CONTINENTS: readonly string[] = Object.keys(COUNTRIES);

/**
 * Why `code` is not an octoDNS geo code (octodns/record/geo.py `GeoCodes.validate`, its words),
 * or undefined when it is one: a continent, continent-country, or NA-US / NA-CA province.
 * Case matters, as it does to octoDNS: `eu-de` is not a code.
 */
export function geoCodeProblem(code: string): string | undefined {
  const pieces = code.split('-');
  const [continent = '', country, province] = pieces;
  if (pieces.length > 3) return `invalid geo code "${code}"`;
  const countries = COUNTRY_SETS.get(continent);
  if (!countries) return `unknown continent code "${code}"`;
  if (country !== undefined && !countries.has(country)) return `unknown country code "${code}"`;
  if (province !== undefined && !PROVINCE_SETS.get(`${continent}-${country}`)?.has(province)) return `unknown province code "${code}"`;
  return undefined;
}

/** The continent a country code (`DE`) is in, as octoDNS files it (`EU`); undefined when none. */
export function continentOf(country: string): string | undefined {
  for (const [continent, countries] of COUNTRY_SETS) if (countries.has(country)) return continent;
  return undefined;
}
