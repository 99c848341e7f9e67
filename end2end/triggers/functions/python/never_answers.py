# A function that never answers in time.
import time


def lambda_handler(event, context):
    time.sleep(30)
    return event
