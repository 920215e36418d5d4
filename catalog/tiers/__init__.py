"""Tier templates that stay in step (issue 25 part 4; the 拱墅 three-tier catalog, 区(部门)/街道/社区).

The district marks its catalog as the **template** of the street tier and of the community tier; each street and
community **adopts** it at an edition: its catalog is the template's items of that edition, plus its own local
items, minus the items it excludes (each with the reason it does not apply, 不适用的理由). When a new edition
changes the template, each unit sees what changed since the edition it adopted and adopts the new one (history
kept). The drift report lists, per unit, the template items it lacks, exclusions without a reason and local items
that duplicate a template item. Duties follow the adopted catalog (:func:`catalog.selectors.adoption_adjustments`,
read by ``publishing.responsibility``).

Modules: ``models`` (TierTemplate, Adoption, Exclusion, LocalItem), ``catalogs`` (the computation), ``services``
(writes), ``drift`` (the report: text and xlsx), ``admin`` (the pages).
"""
