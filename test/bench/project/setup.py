from setuptools import find_packages, setup

# A realistic dependency list: data, AWS, XML, images, crypto, task queue.
setup(
    name="benchsite",
    version="1.0",
    packages=find_packages(),
    include_package_data=True,
    install_requires=[
        "Django>=4.2",
        "pandas",
        "numpy",
        "boto3",
        "lxml",
        "Pillow",
        "cryptography",
        "requests",
        "redis",
        "psycopg2-binary",
        "python-dateutil",
        "pytz",
        "PyYAML",
        "openpyxl",
    ],
)
