"""Every change to the resource network, one module per sub-feature:

- ``agents`` — the directory: the service catalogue, agents, their agreements and vetting;
- ``spreadsheet`` — the directory as an XLSX workbook: export, import with a preview;
- ``referrals`` — a case's referrals to an agent, from draft to done, and the agent's answers;
- ``aid`` — services and aid delivered to a family, the cost norm, acts for signature;
- ``entitlements`` — state services a person is entitled to against what was delivered;
- ``family`` — the one check that the persons a referral or a delivery is for belong to the
  case's family (used by the services above and by the API).
"""
