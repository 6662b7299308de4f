"""Demo consents (see kurator/core/demo.py): ``before_cases`` gives the families of the
accepted signals the consents their cases need before the cases demo opens them;
``consents`` (after the lifecycle demo) varies the states every card shows."""
