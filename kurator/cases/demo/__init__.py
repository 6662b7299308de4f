"""The cases steps of the demo world (``kurator.core.demo.DEMO_STEPS``): ``opening`` opens,
scores, hands over, links and shares cases; ``lifecycle`` then closes, reopens and fills
folders."""
