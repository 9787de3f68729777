from gongkai.assessment.indicator_tree import create_default_indicators


def load_demo(programme) -> None:
    create_default_indicators(programme)
