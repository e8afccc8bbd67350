from app.web import run
run()
