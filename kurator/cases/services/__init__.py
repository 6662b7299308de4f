"""Every change to a case goes through these modules, one per sub-feature:

- ``opening``: opening a case from a signal and the one writer of a new case (reopening and
  one-off help use it too), the curator's checks, suggestion and caseload warning, handing a
  case over to another curator, scoring its complexity, linking two cases;
- ``lifecycle``: closure, post-support, reopening, one-off help, emergency steps and the
  duration norm;
- ``supervision``: supervision shares and co-workers of a case.

Each public action is keyword-only with the actor ``by``: it validates, writes in one
transaction, appends its timeline row and returns the object. Views, the API, the demo and
the tests all call them.
"""
