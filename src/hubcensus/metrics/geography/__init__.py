"""Chapter: where models come from — downloads by country and sector (GEO1–GEO3), who makes the
trending new models (GEO5), how fast organisations release (GEO6), Fortune 500 presence (P1) and
Big Tech's repositories over time (P2). One module per finding:

- `countries`: GEO1, downloads by the developer's country (a stock, at one snapshot);
- `over_time`: GEO2 and GEO3, the monthly series by country and by sector;
- `trending`: GEO5, who makes the trending new models;
- `releases`: GEO6, models released per organisation per year;
- `presence`: P1 and P2, the Fortune 500 and Big Tech on the Hub.

Every figure here stands on the registry: a model's country and sector are those of the organisation
behind its namespace, not of the uploader, and "international / no clear base" and "unattributed" are
kept apart from the countries and from each other (`metrics.attribution` states the rules, which the
popularity, papers and derivatives chapters read too). GEO4, the intermediaries, is the derivatives
chapter's.

The package imports none of its modules: `metrics.base.REGISTRY` imports each when read, and GEO1 alone
needs `countries` alone (`metrics.index`).
"""
