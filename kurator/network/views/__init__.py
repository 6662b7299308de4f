"""HTML pages of the resource network, one module per sub-feature:

- ``agents`` — the directory: agents, agreements, vetting, the service catalogue;
- ``spreadsheet`` — XLSX export and import (with a preview) of the directory;
- ``case_network`` — a case's «Направления и услуги» page, and what the pages opened from it
  share (a form that returns to it, a DOCX download);
- ``referrals`` — referrals: the curator's side and the agent's own «Направления»;
- ``aid`` — recording a delivery, the head's decision on spending past the norm, acts;
- ``entitlements`` — prescribed versus delivered state services and the complaint letter.
"""
