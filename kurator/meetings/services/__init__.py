"""The meetings app's actions, one module per sub-feature.

- ``meetings`` — scheduling a meeting (consilium, supervision, intervision, mediation, the
  working group's), its minutes and decisions, signing and amending them, the guardianship
  position of a mediation;
- ``register`` — the register of families in a socially dangerous position: commission
  resolutions, registering and removing a family, the interagency working group;
- ``commission_docs`` — the documents about a family on the register: the quarterly analytic
  note to the working group and the final report to the commission (DOCX into the case folder).
"""
