from gongkai.assessment.indicator_tree import add_plan_indicator, create_default_indicators


def load_demo(programme) -> None:
    create_default_indicators(programme)
    add_plan_indicator(programme)
