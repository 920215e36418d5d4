"""Helpers for the publishing tests."""
from catalog import services as catalog_services
from catalog.services import ItemData


def make_item(user, domain, name, *, parent=None, subject="各街道", tiers=("street",),
              time_limit="信息形成或者变更之日起20个工作日内", **kw):
    data = ItemData(
        name=name,
        elements=["要素"],
        time_limit_text=time_limit,
        subject_text=subject,
        tier_district="district" in tiers,
        tier_street="street" in tiers,
        tier_community="community" in tiers,
        **kw,
    )
    return catalog_services.save_item(user=user, domain=domain, parent=parent, data=data)
