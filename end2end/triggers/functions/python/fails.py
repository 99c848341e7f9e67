# A function that always fails.
def lambda_handler(event, context):
    raise Exception("Nobody may do this today.")
