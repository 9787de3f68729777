from gongkai.assessment.services import create_default_indicators


def load_demo(programme) -> None:
    create_default_indicators(programme)
