from legalqa.cli import main

main()
