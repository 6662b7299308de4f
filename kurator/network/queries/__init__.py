"""Read-side helpers of the resource network:

- ``case_network`` — what a case's «Направления и услуги» page and the case page's card show;
- ``referrals`` — the change history of a referral;
- ``engagement`` — volunteers and partners engaged in a period, for the reports.
"""
