from leadpact.agreements.diff import agreement_version_diff


def test_identical_versions_have_no_changes(propose, example_text):
    assert agreement_version_diff(a=propose(example_text), b=propose(example_text)) == []


def test_changed_added_and_removed_clauses(propose, agreement_text):
    def edit(document):
        document["goals"]["sales"]["won_deals"] = 4321

    old = propose(agreement_text())
    new = propose(agreement_text(edit))
    changes = agreement_version_diff(a=old, b=new)
    assert len(changes) >= 1
    assert all(change.change == "changed" for change in changes)
    assert any("4321" in str(change.new) and change.old != change.new for change in changes)
    back = agreement_version_diff(a=new, b=old)
    assert {c.clause for c in back} == {c.clause for c in changes}


def test_a_removed_and_an_added_clause(propose, agreement_text):
    def rename_term(document):
        document["terms"][-1]["id"] = "nurturing"

    old = propose(agreement_text())
    new = propose(agreement_text(rename_term))
    old_id = f"terms.{old.document['terms'][-1]['id']}"
    changes = {(c.clause, c.change) for c in agreement_version_diff(a=old, b=new)}
    assert changes == {("terms.nurturing", "added"), (old_id, "removed")}
